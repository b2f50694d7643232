"""Real-time dropper decisions: per-account state updated as each transfer arrives.

The online features follow the batch definitions of `moneytrail.features` exactly (a parity
test compares them); the service scores them with a model trained on the features that can be
computed online, and serves decisions over HTTP and from a NATS JetStream subject.
"""
