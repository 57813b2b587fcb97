"""API keys, per-key rate limits and signed draft previews for the API's consumers."""
