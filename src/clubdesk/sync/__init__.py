"""Cloud sync: this device's change log, applying other devices' changes, push and pull."""
