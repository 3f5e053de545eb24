"""Population database look-up (Cơ sở dữ liệu quốc gia về dân cư) through the province's LGSP, SOAP."""
