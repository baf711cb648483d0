"""Peers and floors the benchmark drivers time against the tool (each is run as a script)."""
