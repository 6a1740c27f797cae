"""The readers' pages, and how the debate page is assembled and cached."""
