#!/bin/sh
# A one-shot interactive program: reads two numbers, prints their sum, exits.
printf 'First number: '
read a
printf 'Second number: '
read b
echo "Sum: $((a + b))"
