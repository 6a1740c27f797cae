"""Emails to readers, who gets them, and the pages that manage them."""
