output "function_name" {
  value = aws_lambda_function.this.function_name
}

output "function_arn" {
  value = aws_lambda_function.this.arn
}

output "role_name" {
  value = aws_iam_role.this.name
}

output "role_arn" {
  value = aws_iam_role.this.arn
}

output "url" {
  value = aws_lambda_function_url.this.function_url
}

output "public_url" {
  description = "The public alias's URL, where the function has one."
  value       = one(aws_lambda_function_url.public[*].function_url)
}

output "url_auth_type" {
  description = "The authorization type the function URL was created with."
  value       = aws_lambda_function_url.this.authorization_type
}

output "log_group_name" {
  value = aws_cloudwatch_log_group.this.name
}

output "log_retention_days" {
  value = aws_cloudwatch_log_group.this.retention_in_days
}

output "memory_mb" {
  value = aws_lambda_function.this.memory_size
}

output "timeout_s" {
  value = aws_lambda_function.this.timeout
}

output "reserved_concurrency" {
  value = aws_lambda_function.this.reserved_concurrent_executions
}

output "environment" {
  value = aws_lambda_function.this.environment[0].variables
}

output "publicly_invokable" {
  description = "Whether anyone may call the function URL (a NONE-auth URL with its resource policy)."
  value       = length(aws_lambda_permission.public_url) > 0
}

output "alarm_names" {
  value = [for alarm in aws_cloudwatch_metric_alarm.this : alarm.alarm_name]
}
