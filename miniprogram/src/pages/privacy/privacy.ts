Component({
  methods: {
    onLoad() {},
  },
})
