"""Helpers of scripts/benchmark: SOCKS5 fetches with exit proof (fetch) and figures (metrics)."""
