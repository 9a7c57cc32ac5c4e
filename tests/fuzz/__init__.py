"""Property-based tests that send generated bad input to every form, and
the row counting the access matrix shares with them."""
