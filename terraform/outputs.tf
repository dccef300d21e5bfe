output "function_names" {
  description = "Lambda function name of each facefuse function."
  value       = local.function_names
}

output "arn_prefix" {
  description = "ARN prefix in the chosen partition."
  value       = local.arn_prefix
}

output "function_urls" {
  description = "HTTPS URL of each function. Apps call fusion's; moderation's and labelling's take SigV4-signed calls only."
  value       = { for f in local.functions : f => module.function[f].url }
}

output "labelling_public_url" {
  description = "Public URL for label inspection, reports and standalone labelling (public and app routes only)."
  value       = module.function["labelling"].public_url
}

output "function_url_auth_types" {
  description = "Authorization type of each function URL."
  value       = { for f in local.functions : f => module.function[f].url_auth_type }
}

output "repository_urls" {
  description = "ECR repository of each function: push the images here before the first full apply."
  value       = { for f in local.functions : f => aws_ecr_repository.function[f].repository_url }
}

output "media_bucket" {
  description = "Name of the media bucket."
  value       = aws_s3_bucket.media.bucket
}

output "database_proxy_endpoint" {
  description = "RDS Proxy endpoint the functions connect to (private)."
  value       = aws_db_proxy.facefuse.endpoint
}

output "database_secret_arn" {
  description = "Secrets Manager secret with the master user's credentials (rotated by RDS; used by the migrate step only)."
  value       = aws_rds_cluster.facefuse.master_user_secret[0].secret_arn
}

output "database_role_secret_arns" {
  description = "Each function's own database login (filled by tools/put-service-keys)."
  value       = { for f in local.functions : f => aws_secretsmanager_secret.database_role[f].arn }
}

output "config_secret_arns" {
  description = "Secrets the functions read at start: the shared one and each function's own."
  value       = merge({ shared = aws_secretsmanager_secret.shared_config.arn }, { for f in local.functions : f => aws_secretsmanager_secret.function_config[f].arn })
}

output "video_segment_queue_url" {
  value = aws_sqs_queue.video_segments.url
}

output "kms_key_arn" {
  value = aws_kms_key.facefuse.arn
}
