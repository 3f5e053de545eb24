"""Link to the national public service portal (Cổng DVCQG) through the province's LGSP/NGSP (docs/sync.md)."""
