"""The vocabulary: identifiers, the canonical transfer schema, the FollowTheMoney mapping."""
