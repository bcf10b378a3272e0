"""Small, verified helpers: money arithmetic in cents and text statistics."""
