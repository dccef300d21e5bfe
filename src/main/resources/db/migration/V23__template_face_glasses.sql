-- whether sunglasses were found on the face at upload: fusion keeps them in front
alter table template_face add column glasses_in_front boolean not null default false;
