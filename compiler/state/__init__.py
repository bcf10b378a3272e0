"""What a project keeps between runs: aic.lock (`lock`), the reply cache (`cache`), spend and budgets (`cost`)
and the audit log (`audit`). Writes are atomic and serialised through aic.files."""
