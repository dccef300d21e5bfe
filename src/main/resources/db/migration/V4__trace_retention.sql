-- Trace entries are kept for a retention period (default three years) and then purged, oldest
-- first. The trigger still refuses every update, and every delete except the purge's own: the
-- purge marks its transaction, deletes only a prefix of the chain, and first appends an entry that
-- says up to which sequence number it purged, so verification can tell a purge from tampering.
create or replace function trace_entry_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('facefuse.trace_purge', true) = 'on' then
        return old;
    end if;
    raise exception 'trace_entry is append-only';
end;
$$;
