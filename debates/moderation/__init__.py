"""Moderators' pages, their urls and forms, and the write functions behind them."""
