"""Paper round trip: machine-readable form geometry, QR payload, scanning, keyboard entry,
and the `scan` and `enter` use cases (`scan_service`, `entry_service`)."""
