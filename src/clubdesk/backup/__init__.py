"""Backups: keys, the archive format, and (in service.py) creating, verifying and restoring them."""
