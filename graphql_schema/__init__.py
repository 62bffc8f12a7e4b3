"""The API layer: Strawberry types and thin resolvers over the app services."""
