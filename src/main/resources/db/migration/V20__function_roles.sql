-- One database role per function, so that the database itself enforces the two boundaries the
-- design draws between functions: only labelling writes the trace log, and only moderation reads
-- the feature library. Everything else stays shared (every function verifies app signatures, for
-- one), so the roles get all other tables.
--
-- The roles are created without a password; the migrate step gives each one its login and password
-- from its own secret (io.facefuse.localdb.FunctionRoles, terraform/database.tf). Tables that later
-- migrations create are granted by default privileges; a later trace_* or feature_* table must be
-- revoked like these (FunctionRolesTest fails otherwise).
do $$
declare
    function_role text;
begin
    foreach function_role in array array['facefuse_fusion', 'facefuse_moderation', 'facefuse_labelling'] loop
        if not exists (select 1 from pg_roles where rolname = function_role) then
            execute format('create role %I nologin', function_role);
        end if;
        execute format('grant usage on schema public to %I', function_role);
        execute format('grant select, insert, update, delete on all tables in schema public to %I', function_role);
        execute format('grant usage, select, update on all sequences in schema public to %I', function_role);
        execute format('grant execute on all functions in schema public to %I', function_role);
        execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I', function_role);
        execute format('alter default privileges in schema public grant usage, select, update on sequences to %I', function_role);
    end loop;
end
$$;

-- The trace log: labelling alone appends to it and purges it; the others may read it.
revoke insert, update, delete on trace_entry, trace_head from facefuse_fusion, facefuse_moderation;

-- The feature library: moderation alone.
revoke all on feature_entry from facefuse_fusion, facefuse_labelling;
