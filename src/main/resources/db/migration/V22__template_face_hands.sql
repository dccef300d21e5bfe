-- whether a hand was found in front of the face at upload: fusion then keeps it in front
alter table template_face add column hands_in_front boolean not null default false;
