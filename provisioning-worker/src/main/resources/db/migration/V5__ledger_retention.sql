-- Retention: applied and stale events older than ema.ledger.retention are deleted in small batches (LedgerRetention),
-- except those a service, a dead letter or a notice still needs. This index lets each batch walk the oldest of them
-- from where the last one stopped, without reading the events that are kept or still to be applied.
create index lifecycle_event_prunable on lifecycle_event (state_changed_at, event_id)
	where state in ('applied', 'stale');
