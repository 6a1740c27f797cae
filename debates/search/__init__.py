"""Readers searching the debates and comments."""
