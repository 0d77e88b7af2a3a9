// API keys: one node per key, found by the hash of its secret; ids name keys in `hub keys revoke`.

CREATE CONSTRAINT hub_api_key_id IF NOT EXISTS FOR (k:__HubApiKey) REQUIRE k.id IS UNIQUE;
CREATE CONSTRAINT hub_api_key_hash IF NOT EXISTS FOR (k:__HubApiKey) REQUIRE k.hash IS UNIQUE;
