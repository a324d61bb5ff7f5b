# bash completion for chokepoint(1).  Commands and options are read from the
# tool's own --help, so they follow the installed version.

_chokepoint_commands()
{
	"$1" --help 2>/dev/null | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
}

_chokepoint_options()
{
	# the option lines only, not options named in the description
	"$1" "$2" --help 2>/dev/null | sed -n 's/^ *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u
}

_chokepoint()
{
	local cur prev tool cmd
	COMPREPLY=()
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	tool=${COMP_WORDS[0]}

	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "$(_chokepoint_commands "$tool") --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}

	case $prev in
	-f|--format)
		case $cmd in
		render) COMPREPLY=($(compgen -W "svg png pdf dot" -- "$cur")) ;;
		target) COMPREPLY=($(compgen -W "table json" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "table json csv" -- "$cur")) ;;
		esac
		return 0 ;;
	--collapse)
		COMPREPLY=($(compgen -W "country kind none auto" -- "$cur"))
		return 0 ;;
	--cluster)
		COMPREPLY=($(compgen -W "country" -- "$cur"))
		return 0 ;;
	-o|--output|--chart|--base|--with|--change)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	esac

	case $cur in
	--*=*)
		# --output=FILE and the like: complete the value as a file name
		local opt=${cur%%=*} val=${cur#*=}
		COMPREPLY=($(compgen -f -P "$opt=" -- "$val"))
		return 0 ;;
	-*)
		COMPREPLY=($(compgen -W "$(_chokepoint_options "$tool" "$cmd")" -- "$cur"))
		return 0 ;;
	esac
	# operands: graph and scenario files
	COMPREPLY=($(compgen -f -X '!*.json' -- "$cur") $(compgen -d -- "$cur"))
	return 0
}

complete -o filenames -F _chokepoint chokepoint
