variable "region" {
  description = "AWS region that processes and stores all data (seed 000 §3.8: one jurisdiction)."
  type        = string
}

variable "partition" {
  description = "AWS partition of the region: aws, aws-cn (China) or aws-us-gov. ARNs are built with it."
  type        = string
  default     = "aws"

  validation {
    condition     = contains(["aws", "aws-cn", "aws-us-gov"], var.partition)
    error_message = "partition must be aws, aws-cn or aws-us-gov."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name, so several stacks can share an account."
  type        = string
  default     = "facefuse"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}$", var.name_prefix))
    error_message = "name_prefix must be 2-31 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

# --- Network ---------------------------------------------------------------------------------------

variable "vpc_id" {
  description = "VPC that holds the database and the functions' network interfaces."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets (two or more zones) for the database, RDS Proxy and the functions. They need a route to a NAT gateway: the functions call each other's HTTPS URLs."
  type        = list(string)

  validation {
    condition     = length(var.private_subnet_ids) >= 2
    error_message = "Aurora and RDS Proxy need subnets in at least two availability zones."
  }
}

# --- Functions ---------------------------------------------------------------------------------------

variable "image_tag" {
  description = "Image tag to run, pushed to each function's ECR repository (README: Deploying). Tags are immutable."
  type        = string
}

variable "functions" {
  description = "Memory (MB), timeout (s) and reserved concurrency (-1: unreserved) of each function."
  type = map(object({
    memory_mb            = number
    timeout_s            = number
    reserved_concurrency = number
  }))
  default = {
    # Models and image work: Lambda gives CPU in proportion to memory; 3008 MB buys two vCPUs.
    fusion     = { memory_mb = 3008, timeout_s = 30, reserved_concurrency = -1 }
    moderation = { memory_mb = 3008, timeout_s = 30, reserved_concurrency = -1 }
    labelling  = { memory_mb = 1536, timeout_s = 15, reserved_concurrency = -1 }
  }

  validation {
    condition     = toset(keys(var.functions)) == toset(["fusion", "moderation", "labelling"])
    error_message = "functions must configure exactly fusion, moderation and labelling."
  }

  validation {
    condition     = alltrue([for f in values(var.functions) : f.memory_mb >= 512 && f.memory_mb <= 10240 && f.timeout_s >= 3 && f.timeout_s <= 900])
    error_message = "memory_mb must be 512-10240 and timeout_s 3-900."
  }
}

variable "log_retention_days" {
  description = "How long CloudWatch keeps the functions' logs (the trace log lives in the database, with its own retention)."
  type        = number
  default     = 90
}

variable "alarm_actions" {
  description = "SNS topic ARNs that error and throttle alarms notify."
  type        = list(string)
  default     = []
}

variable "labelling_producer_code" {
  description = "Provider code written into every metadata label (GB 45438-2025, LABELLING.md)."
  type        = string
}

variable "operator_token_sha256" {
  description = "Operators: name -> SHA-256 (hex) of the operator's bearer token. Hashes, not tokens: they are safe in state."
  type        = map(string)

  validation {
    condition     = alltrue([for h in values(var.operator_token_sha256) : can(regex("^[0-9a-f]{64}$", h))])
    error_message = "every operator token hash must be 64 lowercase hex digits."
  }
}

# --- Data -------------------------------------------------------------------------------------------

variable "db_engine_version" {
  description = "Aurora PostgreSQL version."
  type        = string
  default     = "16.6"
}

variable "db_capacity" {
  description = "Aurora Serverless v2 capacity range, in ACUs. A minimum of 0 lets the database pause when idle (cold queries then wait ~15 s)."
  type        = object({ min = number, max = number })
  default     = { min = 0.5, max = 8 }
}

variable "db_instances" {
  description = "Aurora instances: 1 for a trial, 2 or more for a writer and a reader in another zone."
  type        = number
  default     = 2
}

variable "db_deletion_protection" {
  description = "Keep the database from being destroyed by terraform destroy."
  type        = bool
  default     = true
}

variable "db_backup_retention_days" {
  type    = number
  default = 7
}

variable "result_retention_days" {
  description = "Days a stored fusion result can be fetched (facefuse.fusion.result-retention); the bucket expires results a day later as a backstop."
  type        = number
  default     = 7
}

variable "purge_schedule" {
  description = "When the retention purges run (EventBridge Scheduler expression)."
  type        = string
  default     = "rate(1 hour)"
}

variable "enable_video_worker" {
  description = "Wire the video segment queue to the fusion function. Off until video fusion ships."
  type        = bool
  default     = false
}
