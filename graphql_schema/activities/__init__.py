"""Activities and the Terra-aligned history."""
