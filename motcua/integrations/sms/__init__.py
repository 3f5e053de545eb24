"""Short-message link: SMS through an SMPP 3.4 brandname gateway (docs/operations.md, adapters)."""
