provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      "app"        = "facefuse"
      "managed-by" = "terraform"
    })
  }
}
