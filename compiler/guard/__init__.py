"""What stands between generated code and a repository: the pre-commit gate (`gate`), taking hand edits over
(`adopt`) and the compliance report (`compliance`)."""
