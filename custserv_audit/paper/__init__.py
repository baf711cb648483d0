"""Paper round trip: machine-readable form geometry, QR payload, scanning, keyboard entry."""
