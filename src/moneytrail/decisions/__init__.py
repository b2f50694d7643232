"""The decision store and the reviewer loop: automated dropper decisions kept in the cases
database with their reasons, versions and inputs; reviewers confirm or overturn them, blocks
are lifted on the record, and the reviews come back as training labels."""
