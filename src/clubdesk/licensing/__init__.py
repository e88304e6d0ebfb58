"""The licence client: device fingerprint, lease verification and storage, server calls."""
