# Copy to terraform.tfvars and fill in. Everything else has a default (variables.tf).
region                  = "cn-north-1"
partition               = "aws-cn"
vpc_id                  = "vpc-0123456789abcdef0"
private_subnet_ids      = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
image_tag               = "1.0.0"
labelling_producer_code = "YOURPROVIDERCODE00000000000"
# echo -n "$TOKEN" | sha256sum   for each operator's token
operator_token_sha256 = {
  alice = "0000000000000000000000000000000000000000000000000000000000000000"
}
