"""Online payment of dossier fees through the payment platform (VNPAY 2.1.0 protocol, as PayGov uses)."""
