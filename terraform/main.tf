# The facefuse deployment: three Lambda functions built from one module. This first version fixes
# the shape (names, partition-aware ARNs); the functions, database, bucket and keys follow in the
# deployment work (see README, "Deploying").

locals {
  functions = toset(["fusion", "moderation", "labelling"])

  # Every function gets its own name, image repository and execution role.
  function_names = { for f in local.functions : f => "${var.name_prefix}-${f}" }

  # ARNs are partition-aware so the same stack can be applied in aws-cn.
  arn_prefix = "arn:${var.partition}"
}
