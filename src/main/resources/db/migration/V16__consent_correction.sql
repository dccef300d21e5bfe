-- A subject's consent attributes can be corrected (003 §3.5.1(5)): a correction is a new event in
-- the history, so what was recorded before stays visible.
alter table consent_event drop constraint consent_event_action_check;
alter table consent_event add constraint consent_event_action_check
    check (action in ('GRANTED', 'WITHDRAWN', 'CORRECTED'));
