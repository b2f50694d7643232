"""The HTTP service: a FastAPI app over the same services the CLI uses (`create_app`)."""
