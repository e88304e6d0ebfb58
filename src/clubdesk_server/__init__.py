"""clubdesk-server: the vendor's licence service (licences, device activations, signed leases)."""
