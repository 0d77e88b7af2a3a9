"""What every worker and replica shares through Redis (HUB_REDIS_URL): rate-limit counts, key revocations."""
