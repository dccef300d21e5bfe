output "function_names" {
  description = "Lambda function name of each facefuse function."
  value       = local.function_names
}

output "arn_prefix" {
  description = "ARN prefix in the chosen partition."
  value       = local.arn_prefix
}
