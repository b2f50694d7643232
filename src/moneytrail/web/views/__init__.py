"""The UI's pages: each view calls the same services as the API and renders a template."""
