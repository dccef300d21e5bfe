-- Reports may now be resolved by freezing the subject whose face the content was made from.
alter table report_ticket drop constraint report_ticket_resolution_check;
alter table report_ticket add constraint report_ticket_resolution_check
    check (resolution in ('NO_ACTION', 'REVOKE_CONTENT', 'SUSPEND_APP', 'FREEZE_SUBJECT'));
