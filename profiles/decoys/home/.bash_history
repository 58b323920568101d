cd ~/projects/site
git pull
ssh build01
aws s3 ls s3://alex-backups/
vim ~/.aws/credentials
