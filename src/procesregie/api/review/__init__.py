"""The privacy officer's view of the API's hit/no-hit use (`REVIEW_API_USE`): per client its questions today and in
the last week, hits, misses, refusals and whether it is flagged (`api.hitnohit.limits`); per client its recent
questions with time, purpose and hit or not, never a person. /privacy/koppelingen/; 404 for everyone else."""
