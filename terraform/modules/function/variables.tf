variable "name" {
  description = "Full name of the function, e.g. facefuse-fusion."
  type        = string
}

variable "function" {
  description = "Which facefuse function the image holds: fusion, moderation or labelling."
  type        = string
}

variable "arn_prefix" {
  description = "arn:<partition>, so managed policy ARNs follow the partition."
  type        = string
}

variable "repository_url" {
  description = "ECR repository that holds this function's images."
  type        = string
}

variable "image_tag" {
  description = "Tag of the image in this function's ECR repository."
  type        = string
}

variable "memory_mb" {
  type = number
}

variable "timeout_s" {
  type = number
}

variable "reserved_concurrency" {
  description = "Reserved concurrent executions; -1 leaves the function unreserved."
  type        = number
}

variable "url_auth_type" {
  description = "NONE (the app signatures authenticate) or AWS_IAM (SigV4 from the other functions and operators)."
  type        = string

  validation {
    condition     = contains(["NONE", "AWS_IAM"], var.url_auth_type)
    error_message = "url_auth_type must be NONE or AWS_IAM."
  }
}

variable "public_url" {
  description = "Also give the function a public (NONE) URL on a 'public' alias, for its public routes."
  type        = bool
  default     = false
}

variable "environment" {
  description = "Environment of the function (no secrets: those are read from Secrets Manager at start)."
  type        = map(string)
}

variable "subnet_ids" {
  type = list(string)
}

variable "security_group_ids" {
  type = list(string)
}

variable "kms_key_arn" {
  description = "Key that encrypts the log group and the environment."
  type        = string
}

variable "log_retention_days" {
  type = number
}

variable "alarm_actions" {
  description = "ARNs notified when an alarm fires (SNS topics)."
  type        = list(string)
}
