"""The audit trail: who wrote what when, with the values before and after, stored in the graph."""
