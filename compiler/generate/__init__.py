"""Building modules from intents: read the intents (`intents`), ask the model (`prompt`), read its reply
(`reply`), verify each candidate and assemble the module (`loop`), write it with its header and tests (`emit`,
`header`), and run a whole project's build against its lock, cache and budgets (`project`)."""
