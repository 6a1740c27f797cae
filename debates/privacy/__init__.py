"""A reader's rights over what the forum holds about them: seeing it (the account
page), taking it away (download my data) and erasing it (closing the account)."""
