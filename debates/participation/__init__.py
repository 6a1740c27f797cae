"""Readers taking part: posting, replying, editing, recommending, reporting."""
