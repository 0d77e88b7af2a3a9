// The seed's ledger: what the seed wrote last, per record, so that seeding again merges with what the API wrote.

CREATE CONSTRAINT hub_seed_key IF NOT EXISTS FOR (s:__HubSeed) REQUIRE s.key IS UNIQUE;
