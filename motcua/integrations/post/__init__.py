"""Result returned by post through VNPost's partner API (MyVNPost `DoiTac/CreateOrder`) and its status events."""
